#include "StartupWindow.h"

#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>

namespace genrelab {

StartupWindow::StartupWindow()
{
    setWindowTitle(QStringLiteral("GenreLab"));
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(tr("Starting GenreLab…"), this);
    label->setAlignment(Qt::AlignCenter);
    label->setEnabled(false); // a quiet grey: it is gone in a moment
    layout->addWidget(label);
    // MainWindow's key and default size, so the main window replaces this one in place.
    if (!restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
}

void StartupWindow::paintEvent(QPaintEvent *event)
{
    QWidget::paintEvent(event);
    if (m_painted)
        return;
    m_painted = true;
    Q_EMIT firstPainted();
}

} // namespace genrelab
