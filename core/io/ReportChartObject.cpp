#include "ReportChartObject.h"

#include <QAbstractTextDocumentLayout>
#include <QPainter>
#include <QTextCursor>
#include <QTextDocument>

namespace genrelab {

namespace {
constexpr int kChartProperty = QTextFormat::UserProperty + 1;
}

ReportChartObject::ReportChartObject(std::vector<ReportChart> charts, QSize size, QObject *parent)
    : QObject(parent)
    , m_charts(std::move(charts))
    , m_size(size)
{
}

int ReportChartObject::insert(QTextDocument &document, const QStringList &markers)
{
    document.documentLayout()->registerHandler(type, this);
    int found = 0;
    for (int i = 0; i < markers.size() && i < int(m_charts.size()); ++i) {
        QTextCursor cursor = document.find(markers[i]);
        if (cursor.isNull())
            continue;
        QTextCharFormat format;
        format.setObjectType(type);
        format.setProperty(kChartProperty, i);
        cursor.insertText(QString(QChar::ObjectReplacementCharacter), format);
        ++found;
    }
    return found;
}

QSizeF ReportChartObject::intrinsicSize(QTextDocument *, int, const QTextFormat &)
{
    return m_size;
}

void ReportChartObject::drawObject(QPainter *painter, const QRectF &rect, QTextDocument *, int, const QTextFormat &format)
{
    const int index = format.property(kChartProperty).toInt();
    if (index < 0 || index >= int(m_charts.size()))
        return;
    // Charts are laid out at their design size and scaled to the object's rectangle.
    const QSize design(640, 300);
    painter->save();
    painter->translate(rect.topLeft());
    painter->scale(rect.width() / design.width(), rect.height() / design.height());
    m_charts[std::size_t(index)].paint(*painter, design);
    painter->restore();
}

} // namespace genrelab
