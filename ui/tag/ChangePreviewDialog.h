#pragma once

#include <QDialog>

class QTreeWidget;

namespace genrelab {

// Lists what a tag write (or an undo) will do to each file — file, genre now → genre
// after, and what happens (written, already right, or why it is skipped) — before the
// user says yes. Used by Write tags… and Undo last write.
// Thread contract: GUI thread.
class ChangePreviewDialog : public QDialog
{
    Q_OBJECT
public:
    ChangePreviewDialog(const QString &title, const QString &summary, const QString &acceptText, bool canAccept,
                        QWidget *parent = nullptr);
    void addFile(const QString &path, const QString &from, const QString &to, const QString &what);
    QTreeWidget *files() const { return m_files; }

private:
    QTreeWidget *m_files;
};

} // namespace genrelab
