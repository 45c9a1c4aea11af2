#pragma once

#include <QDialog>

class QTabWidget;

namespace genrelab {

// Help → Getting started (F1): a page per workspace (GuideText) and one of keys,
// opened at the page of the workspace the user is in.
// Thread contract: GUI thread.
class HelpDialog : public QDialog
{
    Q_OBJECT
public:
    explicit HelpDialog(QWidget *parent = nullptr);
    void showPage(int workspace);
    QTabWidget *pages() const { return m_pages; }

private:
    QTabWidget *m_pages;
};

} // namespace genrelab
