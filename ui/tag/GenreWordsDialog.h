#pragma once

#include "library/GenreVocabulary.h"

#include <QDialog>

class QTableWidget;

namespace genrelab {

// Lets the user say what each of the model's classes is called in their library
// ("hiphop" → "Hip-Hop"); an empty word keeps the class name.
// Thread contract: GUI thread.
class GenreWordsDialog : public QDialog
{
    Q_OBJECT
public:
    GenreWordsDialog(const QStringList &classes, const GenreVocabulary &current, QWidget *parent = nullptr);
    GenreVocabulary vocabulary() const;

private:
    QTableWidget *m_table;
};

} // namespace genrelab
