#pragma once

// The fuzzers' input as a file path without touching the disk: an anonymous memory
// file (memfd) named through /proc/self/fd, so the code under test opens it exactly
// as it opens a user's file.
#include <QString>

#include <sys/mman.h>
#include <unistd.h>

class MemoryFile
{
public:
    MemoryFile(const uint8_t *data, size_t size)
        : m_fd(memfd_create("genrelab-fuzz", 0))
    {
        for (size_t written = 0; m_fd >= 0 && written < size;) {
            const ssize_t n = ::write(m_fd, data + written, size - written);
            if (n <= 0)
                break;
            written += size_t(n);
        }
    }
    ~MemoryFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    QString path() const { return QStringLiteral("/proc/self/fd/%1").arg(m_fd); }

private:
    int m_fd;
};
