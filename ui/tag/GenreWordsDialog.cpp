#include "GenreWordsDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace genrelab {

GenreWordsDialog::GenreWordsDialog(const QStringList &classes, const GenreVocabulary &current, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(int(classes.size()), 2, this))
{
    setWindowTitle(tr("Genre words"));
    m_table->setHorizontalHeaderLabels({tr("Model's class"), tr("Written as")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    for (int row = 0; row < int(classes.size()); ++row) {
        auto *name = new QTableWidgetItem(classes[row]);
        name->setFlags(Qt::ItemIsEnabled);
        m_table->setItem(row, 0, name);
        m_table->setItem(row, 1, new QTableWidgetItem(current.word(classes[row])));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("The words your library uses for each genre; they are what tags and playlists "
                                    "get."), this));
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(380, 420);
}

GenreVocabulary GenreWordsDialog::vocabulary() const
{
    GenreVocabulary vocabulary;
    for (int row = 0; row < m_table->rowCount(); ++row)
        vocabulary.set(m_table->item(row, 0)->text(), m_table->item(row, 1)->text());
    return vocabulary;
}

} // namespace genrelab
