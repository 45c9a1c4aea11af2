#pragma once

#include <QWidget>

#include <vector>

class QLabel;
class QSlider;

namespace genrelab {

class JobRunner;
class MatrixImageView;

// "What the network sees": the selected snippet as a linear-frequency spectrogram
// beside its mel spectrogram, with the contract's parameters spelled out. Two sliders
// (mel bands, hop) re-render the mel side for comparison only; the network's input is
// always the contract's (100 bands, hop 512), and "Contract" puts them back.
// Thread contract: GUI thread; the snippet's audio is decoded on a worker (a JobRunner:
// a newer selection supersedes it); a file that cannot be decoded is said in words.
class NetworkInputPanel : public QWidget
{
    Q_OBJECT
public:
    explicit NetworkInputPanel(QWidget *parent = nullptr);
    // `snippet` counts from 0; the panel names it from 1 ("snippet 2 of 5, 3–6 s").
    // `startSeconds`: where it lies in the track (CachedTrack::snippetStart).
    void setSnippet(const QString &path, int snippet, double startSeconds, int snippetCount = 0);
    QString snippetName() const;
    int previewBands() const;
    int previewHop() const;

Q_SIGNALS:
    void status(const QString &message);

private:
    void render();
    void resetToContract();

    MatrixImageView *m_linear;
    MatrixImageView *m_mel;
    QSlider *m_bands;
    QSlider *m_hop;
    QLabel *m_settings;
    QLabel *m_snippetName;
    JobRunner *m_decoding;
    std::vector<float> m_samples;
};

} // namespace genrelab
