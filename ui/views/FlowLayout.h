#pragma once

#include <QLayout>
#include <QList>

namespace genrelab {

// A row of controls that wraps onto a second line when its panel is narrow, so a row of
// buttons never sets the width of a splitter's column (and so of the window at 1024 px).
// Items keep their size hints and are centred vertically in their line. An item whose
// horizontal size policy is Ignored (a summary label that may be cut) takes the rest of
// its line, or a line of its own when little is left. Works inside box layouts, which
// ask heightForWidth.
// Thread contract: GUI thread.
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

private:
    int gap() const;
    // Lays the items out in rect (when apply) and returns the height they need.
    int arrange(const QRect &rect, bool apply) const;
    QList<QLayoutItem *> m_items;
    int m_laidOutWidth = 0; // of the last setGeometry, and the height it needed
    int m_laidOutHeight = 0;
};

} // namespace genrelab
