#pragma once

#include "ColourMap.h"

#include <QTableView>

namespace genrelab {

class ConfusionTableModel;

// A heat map of a ConfusionTableModel: each cell's background is its share of the row
// on a sequential colour scale (so classes of different sizes compare fairly), its
// text the count and/or %, black or white by the cell's lightness. Square cells sized
// so the whole matrix fits the view (no scrolling; about 20 classes still fit at
// 1280×800), the text scaled with them, class names on both axes under the axis titles
// "True" and "Predicted" (column names upright when long); arrow keys and clicks select
// a cell (cellActivated).
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
    int cellSide() const;

Q_SIGNALS:
    // The current cell changed (mouse or keyboard).
    void cellActivated(int trueLabel, int predicted);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitCells();
    int naturalSide() const;
    void setCellSide(int side);

    ColourMap m_colours{ColourMap::Name::Magma};
    bool m_fixedSide = false; // an export twin keeps the natural size instead of fitting
};

} // namespace genrelab
