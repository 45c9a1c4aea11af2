#pragma once

#include <QStringList>

namespace genrelab::cli {

class Command;

// The command boundary: nothing a command throws may abort the process. Commands turn
// the core's typed errors into messages themselves; what reaches here is a bad option
// value (status 2) or something unforeseen (status 1, with what is known of it).
// genrelab-cli and its ML module both run their commands through it.
int runGuarded(Command &command, const QStringList &arguments);

} // namespace genrelab::cli
