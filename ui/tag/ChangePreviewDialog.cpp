#include "ChangePreviewDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace genrelab {

ChangePreviewDialog::ChangePreviewDialog(const QString &title, const QString &summary, const QString &acceptText,
                                         bool canAccept, QWidget *parent)
    : QDialog(parent)
    , m_files(new QTreeWidget(this))
{
    setWindowTitle(title);
    auto *text = new QLabel(summary, this);
    text->setWordWrap(true);
    m_files->setObjectName(QStringLiteral("changes"));
    m_files->setRootIsDecorated(false);
    m_files->setAlternatingRowColors(true);
    m_files->setHeaderLabels({tr("File"), tr("Genre now"), tr("→ Genre after"), tr("What happens")});
    m_files->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_files->header()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(this);
    if (canAccept) {
        QPushButton *go = buttons->addButton(acceptText, QDialogButtonBox::AcceptRole);
        go->setObjectName(QStringLiteral("accept"));
    }
    QPushButton *cancel = buttons->addButton(canAccept ? QDialogButtonBox::Cancel : QDialogButtonBox::Close);
    cancel->setObjectName(QStringLiteral("cancel"));
    cancel->setDefault(true); // Enter does not write by accident
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_files, 1);
    layout->addWidget(buttons);
    resize(760, 420);
}

void ChangePreviewDialog::addFile(const QString &path, const QString &from, const QString &to, const QString &what)
{
    auto *item = new QTreeWidgetItem(m_files, {QFileInfo(path).fileName(), from.isEmpty() ? tr("(none)") : from,
                                               to.isEmpty() ? tr("(none)") : to, what});
    item->setToolTip(0, QDir::toNativeSeparators(path));
}

} // namespace genrelab
