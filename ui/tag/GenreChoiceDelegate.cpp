#include "GenreChoiceDelegate.h"

#include "models/ReviewTableModel.h"

#include <QComboBox>

namespace genrelab {

GenreChoiceDelegate::GenreChoiceDelegate(const ReviewTableModel *review, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_review(review)
{
}

QWidget *GenreChoiceDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *box = new QComboBox(parent);
    for (int c = 0; c < int(m_review->classes().size()); ++c)
        box->addItem(m_review->vocabulary().word(m_review->classes()[c]), c);
    return box;
}

void GenreChoiceDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *box = static_cast<QComboBox *>(editor);
    box->setCurrentIndex(box->findData(index.data(Qt::EditRole).toInt()));
}

void GenreChoiceDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    model->setData(index, static_cast<QComboBox *>(editor)->currentData(), Qt::EditRole);
}

} // namespace genrelab
