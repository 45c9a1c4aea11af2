#include "GuiOptions.h"

namespace genrelab {

GuiOptions::GuiOptions()
    : demo(QStringLiteral("demo"), QStringLiteral("Open the synthesised demo dataset."))
    , screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window once the dataset is open, then quit."),
                 QStringLiteral("FILE"))
    , trainFirst(QStringLiteral("screenshot-training"),
                 QStringLiteral("With --screenshot: train N epochs first and picture the Train workspace."), QStringLiteral("N"))
    , tab(QStringLiteral("screenshot-tab"),
          QStringLiteral("With --screenshot: the workspace to picture (explore, train, evaluate, tag), map (Evaluate's embedding map) or insides (Explore's Inside the network window)."),
          QStringLiteral("NAME"))
    , evidence(QStringLiteral("screenshot-evidence"),
               QStringLiteral("With --screenshot of explore or evaluate: show the selected snippet's evidence first."))
    , size(QStringLiteral("screenshot-size"), QStringLiteral("With --screenshot: the window's size (default 1280x800, the README's)."),
           QStringLiteral("WxH"), QStringLiteral("1280x800"))
{
    parser.setApplicationDescription(QStringLiteral("Explore music-genre classification end to end."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 QStringLiteral("A dataset folder, a run folder (opened in Evaluate), a .genrelab model "
                                                "(Tag library) or audio files (their folder, them selected). Default: the "
                                                "last dataset, else the built-in demo."),
                                 QStringLiteral("[PATH...]"));
    parser.addOption(demo);
    parser.addOption(screenshot);
    parser.addOption(trainFirst);
    parser.addOption(tab);
    parser.addOption(evidence);
    parser.addOption(size);
}

} // namespace genrelab
