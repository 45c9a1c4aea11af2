#pragma once

namespace genrelab {

// Milliseconds since this process started (the kernel's start time, 10 ms steps), so
// start-up figures include what the dynamic loader did before main(); -1 if unknown.
double millisecondsSinceProcessStart();

} // namespace genrelab
