#pragma once

#include "ColourMap.h"

#include <QTableView>

namespace genrelab {

class ConfusionTableModel;

// A heat map of a ConfusionTableModel: each cell's background is its share of the row
// on a sequential colour scale (so classes of different sizes compare fairly), its
// text the count and/or %, black or white by the cell's lightness. Square cells,
// class names on both axes; arrow keys and clicks select a cell (cellActivated).
// Thread contract: GUI thread.
class ConfusionMatrixView : public QTableView
{
    Q_OBJECT
public:
    explicit ConfusionMatrixView(QWidget *parent = nullptr);
    void setConfusionModel(ConfusionTableModel *model);
    const ColourMap &colourMap() const { return m_colours; }
    // The whole matrix with its headers, drawn at its natural size (for PNG export).
    QImage renderImage() const;

Q_SIGNALS:
    // The current cell changed (mouse or keyboard).
    void cellActivated(int trueLabel, int predicted);

private:
    void fitCells();

    ColourMap m_colours{ColourMap::Name::Magma};
};

} // namespace genrelab
