#include "StepGuide.h"

#include "GuideText.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>

namespace genrelab {

StepGuide::StepGuide(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("stepGuide"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#stepGuide { background: #eef4fb; }"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setMinimumWidth(200); // wraps, never widens the window
    auto *help = new QPushButton(tr("Help"), this);
    help->setToolTip(tr("Getting started: a page per workspace (F1)"));
    connect(help, &QPushButton::clicked, this, &StepGuide::helpRequested);
    auto *hide = new QPushButton(tr("Hide"), this);
    hide->setObjectName(QStringLiteral("hideGuide"));
    hide->setToolTip(tr("Hide the step guide (Help → Show the step guide brings it back)"));
    connect(hide, &QPushButton::clicked, this, &StepGuide::dismiss);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(help);
    layout->addWidget(hide);
    setVisible(!QSettings().value(QStringLiteral("guide/hidden"), false).toBool());
    setWorkspace(0);
}

void StepGuide::setWorkspace(int workspace)
{
    m_text->setText(GuideText::step(workspace));
}

QString StepGuide::text() const
{
    return m_text->text();
}

void StepGuide::reopen()
{
    QSettings().setValue(QStringLiteral("guide/hidden"), false);
    show();
}

void StepGuide::dismiss()
{
    QSettings().setValue(QStringLiteral("guide/hidden"), true);
    hide();
}

} // namespace genrelab
