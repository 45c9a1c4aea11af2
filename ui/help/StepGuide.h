#pragma once

#include <QFrame>

class QLabel;

namespace genrelab {

// The step guide: a bar above the workspaces naming the next action in the one shown
// and what to look at (GuideText::step), with Help (F1) and Hide. Hiding is remembered
// (QSettings "guide/hidden"); Help → Show the step guide brings it back.
// Thread contract: GUI thread.
class StepGuide : public QFrame
{
    Q_OBJECT
public:
    explicit StepGuide(QWidget *parent = nullptr);
    void setWorkspace(int workspace);
    QString text() const;
    // Shows it again and forgets that it was hidden.
    void reopen();

Q_SIGNALS:
    void helpRequested();

private:
    void dismiss();
    QLabel *m_text;
};

} // namespace genrelab
