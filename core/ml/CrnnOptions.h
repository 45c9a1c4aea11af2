#pragma once

#include <QJsonObject>
#include <QString>

namespace genrelab {

// The architecture of the study's CRNN (DESIGN.md "The reference CRNN") and its
// variants, as options of one network rather than copies of it: recurrent cell, hidden
// size, dropout, class count. Defaults give the reference: 343 690 parameters.
// Thread contract: a value type.
struct CrnnOptions
{
    enum class Cell { Gru, Lstm };

    int classes = 10;
    Cell cell = Cell::Gru;
    int hidden = 64;      // recurrent state and the dense layer
    double dropout = 0.0; // before the dense layers; 0 = the study's network
    // Which registered network (NetworkFactory) these options build: "crnn", the study's,
    // by default. Written to config.json and bundles only when not the default, so files
    // from before stay as they were.
    QString architecture = QStringLiteral("crnn");

    static QString cellName(Cell cell) { return cell == Cell::Gru ? QStringLiteral("gru") : QStringLiteral("lstm"); }
    QJsonObject toJson() const;
    // Throws Error(InvalidArgument) on values out of range.
    static CrnnOptions fromJson(const QJsonObject &json);
};

} // namespace genrelab
