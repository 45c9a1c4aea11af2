#pragma once

#include "util/ProgressReporter.h"

#include <atomic>

namespace genrelab::test {

// Cancels the job after `afterReports` progress reports (a featuriser reports once per
// track): how tests interrupt a long job at a known point.
class CancellingReporter : public ProgressReporter
{
public:
    explicit CancellingReporter(int afterReports) : m_left(afterReports) {}
    void report(const QString &, double) override
    {
        if (--m_left <= 0)
            requestCancel();
    }

private:
    std::atomic<int> m_left;
};

} // namespace genrelab::test
