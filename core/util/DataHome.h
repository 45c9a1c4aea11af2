#pragma once

#include <QString>
#include <QStringList>

namespace genrelab {

// The one home of everything GenreLab keeps for a user, under one application name,
// "genrelab", in the XDG base directories (QStandardPaths honours XDG_*_HOME):
//   data   $XDG_DATA_HOME/genrelab    (~/.local/share/genrelab)
//          runs/ (GUI training runs), journals/ (tag writes: GUI and CLI alike, so
//          either can undo the other's), libraries/ (catalogs of tagged libraries)
//   cache  $XDG_CACHE_HOME/genrelab   (~/.cache/genrelab)
//          features/ (feature caches), demo/ (the synthesised demo: regenerable)
//   config $XDG_CONFIG_HOME/genrelab/genrelab.conf (the GUI's settings)
// The GUI and the CLI both call migrate() first, which moves what older versions kept
// under other names (see migrate()).
// Thread contract: stateless; migrate() once per process, before other threads start.
class DataHome
{
public:
    static constexpr const char *applicationName = "genrelab";

    static QString dataDir();
    static QString cacheDir();
    static QString configDir();
    static QString runsDir();
    static QString journalsDir();
    static QString librariesDir();
    static QString featuresDir();
    static QString demoDir();
    static QString settingsFile();

    // Moves the data of earlier versions into this layout, losing nothing:
    //   ~/.local/share/GenreLab/GenreLab/{runs,journals}  (GUI) → data/runs, data/journals
    //   ~/.local/share/genrelab/libraries/tags-*.jsonl     (CLI journals) → data/journals
    //   ~/.local/share/genrelab/demo                       → cache/demo
    //   ~/.config/GenreLab/GenreLab.conf                   → config/genrelab.conf
    // Entries are renamed one by one; a name already taken keeps both (the moved one
    // gets a ".moved-N" suffix); what cannot be renamed (another file system) stays
    // where it was and is reported. Paths that pointed into a moved folder — in the
    // settings and in each run's config.json — are rewritten. Returns one line per
    // thing moved or left, for the caller to show; empty when there was nothing to do.
    static QStringList migrate();
};

} // namespace genrelab
