#pragma once

#include <QHeaderView>

namespace genrelab {

// A header of the confusion matrix: a band with the axis title ("True" down the side,
// "Predicted" across the top) beside the class names, and column names turned upright
// when they do not fit across their column, so no class name is cut.
// Thread contract: GUI thread.
class MatrixHeader : public QHeaderView
{
    Q_OBJECT
public:
    MatrixHeader(Qt::Orientation orientation, QString title, QWidget *parent = nullptr);

    const QString &title() const { return m_title; }
    // True when the column names are drawn upright (they do not fit across the columns).
    bool rotatesLabels() const;
    QSize sizeHint() const override;
    // The most room a class name may take across the header; longer names are elided
    // (the view narrows it so that many classes still fit).
    void setMaxLabelExtent(int pixels);

protected:
    void paintEvent(QPaintEvent *event) override;
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;

private:
    int titleBand() const;
    int widestLabel() const;
    QString label(int logicalIndex) const;

    QString m_title;
    int m_maxLabelExtent = 140;
};

} // namespace genrelab
