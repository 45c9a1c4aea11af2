#pragma once

#include <QString>

namespace genrelab {

// What the user decided for one analysed file in the review: write a genre (the
// suggestion or another class picked instead) or leave the file as it is. Kept in the
// library's catalog so a restart finds the review where it was left.
struct ReviewDecision
{
    enum class State { Undecided, Accepted, Rejected };
    QString path;
    State state = State::Undecided;
    QString label; // the class chosen (a class name of the model, not the user's word)
};

} // namespace genrelab
