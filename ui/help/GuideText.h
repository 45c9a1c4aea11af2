#pragma once

#include <QString>

namespace genrelab {

// The words of the guided first hour, one place for the step guide and the help pages:
// per workspace (Explore, Train, Evaluate, Tag library, in the tabs' order) the next
// action and what to look at, and a page of help.
// Thread contract: stateless; GUI thread (tr()).
class GuideText
{
public:
    static int workspaceCount() { return 4; }
    static QString workspaceName(int workspace);
    // One line: what to do here now and what to look at.
    static QString step(int workspace);
    // A help page (rich text).
    static QString page(int workspace);
    static QString keysPage();
};

} // namespace genrelab
