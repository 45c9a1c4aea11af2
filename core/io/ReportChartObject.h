#pragma once

#include "ReportChart.h"

#include <QObject>
#include <QTextObjectInterface>

#include <vector>

class QTextDocument;

namespace genrelab {

// Puts ReportCharts into a QTextDocument as inline objects that paint themselves, so a
// document printed on a QPdfWriter holds the curves as vectors and text (sharp at any
// zoom, searchable) instead of pictures. insert() replaces each marker text in the
// document with its chart.
// Thread contract: lives with its document, on the document's thread.
class ReportChartObject : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)

public:
    static constexpr int type = QTextFormat::UserObject + 18;

    // `size` is the layout size of each chart, in document pixels.
    ReportChartObject(std::vector<ReportChart> charts, QSize size, QObject *parent = nullptr);

    // Registers this handler with `document` and replaces the i-th marker with chart i.
    // Returns how many markers it found.
    int insert(QTextDocument &document, const QStringList &markers);

    QSizeF intrinsicSize(QTextDocument *document, int position, const QTextFormat &format) override;
    void drawObject(QPainter *painter, const QRectF &rect, QTextDocument *document, int position,
                    const QTextFormat &format) override;

private:
    std::vector<ReportChart> m_charts;
    QSize m_size;
};

} // namespace genrelab
