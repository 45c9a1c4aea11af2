#pragma once

#include "NoteEvent.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace genrelab {

class DemoScore;

// Writes "genre caricatures" for the embedded demo dataset: per genre a tempo range,
// groove, instrumentation and harmony that a listener would recognise (four-on-the-
// floor disco, swung jazz ride over walking bass, palm-muted metal at 180 BPM, drum-less
// string chorales, reggae's one-drop with off-beat skanks, ...). Every clip varies its
// key, tempo, instruments and fills from its seed; rock, metal and blues share
// distorted guitars and pop and disco share beats, so some stay confusable.
// Thread contract: stateless; compose() may run on many threads at once.
class DemoComposer
{
public:
    // The GTZAN genre names, so a demo model's classes match GTZAN's.
    static const QStringList &genres();
    static std::vector<NoteEvent> compose(const QString &genre, double seconds, std::uint64_t seed);

private:
    static void blues(DemoScore &s, int bars);
    static void classical(DemoScore &s, int bars);
    static void country(DemoScore &s, int bars);
    static void disco(DemoScore &s, int bars);
    static void hiphop(DemoScore &s, int bars);
    static void jazz(DemoScore &s, int bars);
    static void metal(DemoScore &s, int bars);
    static void pop(DemoScore &s, int bars);
    static void reggae(DemoScore &s, int bars);
    static void rock(DemoScore &s, int bars);
};

} // namespace genrelab
