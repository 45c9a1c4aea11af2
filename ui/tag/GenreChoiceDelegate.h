#pragma once

#include <QStyledItemDelegate>

namespace genrelab {

class ReviewTableModel;

// Edits the review queue's genre column with a combo box of the model's classes, shown
// in the user's words; the model stores the class index.
// Thread contract: GUI thread.
class GenreChoiceDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    GenreChoiceDelegate(const ReviewTableModel *review, QObject *parent);
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

private:
    const ReviewTableModel *m_review;
};

} // namespace genrelab
