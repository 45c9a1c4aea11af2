#include "GuideText.h"

#include <QCoreApplication>

namespace genrelab {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("GuideText", text);
}
} // namespace

QString GuideText::workspaceName(int workspace)
{
    switch (workspace) {
    case 0: return tr("Explore");
    case 1: return tr("Train");
    case 2: return tr("Evaluate");
    case 3: return tr("Tag library");
    default: return {};
    }
}

QString GuideText::step(int workspace)
{
    switch (workspace) {
    case 0:
        return tr("Step 1 of 4 · Explore: pick a track and click a snippet on its waveform or spectrogram; Space plays "
                  "it. This picture (130 frames × 100 mel bands) is all the network sees. Next: the Train tab.");
    case 1:
        return tr("Step 2 of 4 · Train: press Start (Ctrl+R). Watch the two accuracy curves: the gap between training "
                  "and validation accuracy is overfitting. Next: Evaluate, once a run has finished.");
    case 2:
        return tr("Step 3 of 4 · Evaluate: in the confusion matrix, rows are the true genre, columns the prediction. "
                  "Click a cell to see and hear the snippets it confused; look at the most confidently wrong. "
                  "Next: Export model…, then Tag library.");
    case 3:
        return tr("Step 4 of 4 · Tag library: choose your music folder and the exported model, Analyse, review the "
                  "suggestions, and Write tags… (it lists every change first; Undo puts them back).");
    default: return {};
    }
}

QString GuideText::page(int workspace)
{
    switch (workspace) {
    case 0:
        return tr("<h2>Explore</h2><p>The tracks of the open dataset, with their label, length, snippets and "
                  "<b>split</b>: whether a track trains, validates or tests the network, or is left out (and why).</p>"
                  "<p>Select a track to see its waveform and mel-spectrogram: the network's input, cut into 3-second "
                  "snippets of 130 frames × 100 mel bands. Click the waveform or the spectrogram to choose a snippet "
                  "(numbered from 1); Space plays it. <i>What the network sees</i> compares the linear spectrogram "
                  "with the mel one and lets you change bands and hop (for comparison only).</p>"
                  "<p>Ctrl+F: filter the tracks. <i>Export PNG…</i> saves the view, titled with the track, snippet "
                  "and preprocessing contract.</p>");
    case 1:
        return tr("<h2>Train</h2><p>Choose a <b>split</b> (by track is honest; the study's shuffled snippets leak "
                  "the same track into training and test), epochs, batch and learning rate, then Start (Ctrl+R). "
                  "Settings are locked while a run goes.</p><p>The loss chart shows every batch's loss (faint) and "
                  "a smoothed line (the slider sets TensorBoard's smoothing weight; 0 is the raw loss), and each "
                  "epoch's training and validation loss. The accuracy chart and the <b>Gap %</b> column show "
                  "training minus validation accuracy: when it grows, the network memorises instead of learning "
                  "(overfitting). Hover a chart to read its values.</p><p>Stop keeps the model and evaluates it. "
                  "Cancel, or closing the window, asks: stop and keep the model, discard the run, or go on.</p>");
    case 2:
        return tr("<h2>Evaluate</h2><p>Every run of the dataset, with its test accuracy, wherever it was written "
                  "(also by genrelab-cli train); <i>File → Open run…</i> opens any run folder. Each run has one colour, "
                  "in the list and in the overlaid curves; double-click its name to rename it. The confusion matrix counts "
                  "snippets (or tracks, by <b>vote</b>: a track's genre is the one most of its snippets predict) by "
                  "true genre (rows) and prediction (columns). Click a cell to list its snippets; select one to see "
                  "its spectrogram, hear it, and see the probabilities over the track.</p><p>The lists of the most "
                  "confidently wrong and least confident predictions are where mislabelled clips surface. "
                  "<i>Export model…</i> writes a .genrelab bundle for Tag library (or a .pt or .safetensors file for "
                  "Python); <i>Report…</i> (Ctrl+R) a document about the run.</p>");
    case 3:
        return tr("<h2>Tag library</h2><p>For your own music: choose the folder and a model (a .genrelab bundle "
                  "from Evaluate → Export model…), then Analyse. Each track gets the genre of the <b>mean "
                  "probability</b> over windows spread across it; its confidence is that mean's highest value.</p>"
                  "<p>Review: accept (A), reject (R), or double-click the genre to pick another; your decisions are "
                  "kept. Filters (Ctrl+F) narrow the list; when they hide rows the bar says so, and Show all brings "
                  "them back. <i>Write tags…</i> lists every file's genre now → after before writing only the genre "
                  "field; <i>Undo last write</i> (Ctrl+Z) asks, then restores and says what it restored.</p>");
    default: return {};
    }
}

QString GuideText::keysPage()
{
    return tr("<h2>Keys</h2><table cellpadding=3>"
              "<tr><td>F1</td><td>this help, at the page of the workspace you are in</td></tr>"
              "<tr><td>Ctrl+F</td><td>the filter of the workspace</td></tr>"
              "<tr><td>Ctrl+O / Ctrl+Shift+O</td><td>open GTZAN / a folder of tracks</td></tr>"
              "<tr><td>Ctrl+D</td><td>the demo dataset</td></tr>"
              "<tr><td>Space</td><td>play or pause the selected snippet</td></tr>"
              "<tr><td>Ctrl+R</td><td>Train: Start; Evaluate: Report…</td></tr>"
              "<tr><td>A / R</td><td>Tag library: accept / reject the selected tracks</td></tr>"
              "<tr><td>Ctrl+Z</td><td>Tag library: undo the last tag write</td></tr>"
              "<tr><td>Ctrl+Q</td><td>quit (asks first while a run trains)</td></tr></table>"
              "<p>genrelab DATASET | RUN | MODEL.genrelab | AUDIO FILES… opens what it is given: a dataset "
              "folder, a run folder in Evaluate, a model in Tag library, audio files in their folder.</p>");
}

} // namespace genrelab
