#include "HelpDialog.h"

#include "GuideText.h"

#include <QDialogButtonBox>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace genrelab {

HelpDialog::HelpDialog(QWidget *parent)
    : QDialog(parent)
    , m_pages(new QTabWidget(this))
{
    setWindowTitle(tr("Getting started with GenreLab"));
    setObjectName(QStringLiteral("helpDialog"));
    const auto add = [this](const QString &title, const QString &html) {
        auto *text = new QTextBrowser(m_pages);
        text->setHtml(html);
        m_pages->addTab(text, title);
    };
    for (int i = 0; i < GuideText::workspaceCount(); ++i)
        add(GuideText::workspaceName(i), GuideText::page(i));
    add(tr("Keys"), GuideText::keysPage());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);
    resize(620, 460);
}

void HelpDialog::showPage(int workspace)
{
    m_pages->setCurrentIndex(std::clamp(workspace, 0, m_pages->count() - 1));
}

} // namespace genrelab
