#pragma once

namespace genrelab {

// One note of a demo score, General MIDI style: channel 9 is drums (key = drum sound),
// other channels play `program` (0-based GM instrument number).
struct NoteEvent
{
    double start = 0.0;    // seconds
    double duration = 0.0; // seconds
    int channel = 0;
    int program = 0;
    int key = 60;
    int velocity = 100;    // 1…127
};

} // namespace genrelab
