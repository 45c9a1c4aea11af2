// FlowLayout on real widgets: one line when there is room, wrapped lines when not,
// hidden widgets take no room, a summary label with an Ignored width takes the rest of
// its line, and the minimum height follows the lines it has wrapped into, so that the
// splitters and windows above it (which never ask heightForWidth) leave it that room.
#include "views/FlowLayout.h"

#include <QLabel>
#include <QPushButton>
#include <QTest>
#include <QWidget>

using namespace genrelab;

namespace {

struct Row
{
    QWidget panel;
    FlowLayout *layout = new FlowLayout(&panel);
    std::vector<QPushButton *> buttons;

    explicit Row(int count)
    {
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(6);
        for (int i = 0; i < count; ++i) {
            auto *button = new QPushButton(QStringLiteral("Button %1").arg(i), &panel);
            button->setFixedSize(100, 24);
            layout->addWidget(button);
            buttons.push_back(button);
        }
    }
    void layOut(int width)
    {
        panel.resize(width, layout->heightForWidth(width));
        layout->setGeometry(QRect(0, 0, width, layout->heightForWidth(width)));
    }
};

} // namespace

class TestFlowLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneLineWhenThereIsRoom()
    {
        Row row(4);
        QCOMPARE(row.layout->sizeHint(), QSize(4 * 100 + 3 * 6, 24));
        row.layOut(500);
        QCOMPARE(row.layout->heightForWidth(500), 24);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(row.buttons[i]->geometry(), QRect(i * 106, 0, 100, 24));
    }

    void wrapsWhenNarrowAndRaisesItsMinimum()
    {
        Row row(4);
        QCOMPARE(row.layout->minimumSize(), QSize(100, 24)); // the widest item, one line
        row.layOut(250); // two a line
        QCOMPARE(row.layout->heightForWidth(250), 24 + 6 + 24);
        QCOMPARE(row.buttons[1]->geometry(), QRect(106, 0, 100, 24));
        QCOMPARE(row.buttons[2]->geometry(), QRect(0, 30, 100, 24));
        QCOMPARE(row.buttons[3]->geometry(), QRect(106, 30, 100, 24));
        QCOMPARE(row.layout->minimumSize().height(), 54);
        row.layOut(90); // narrower than an item: one a line, none wider than the line
        QCOMPARE(row.layout->heightForWidth(90), 4 * 24 + 3 * 6);
        QCOMPARE(row.buttons[3]->geometry().top(), 3 * 30);
        row.layOut(1000);
        QCOMPARE(row.layout->minimumSize().height(), 24);
    }

    void hiddenWidgetsTakeNoRoom()
    {
        Row row(3);
        row.panel.show();
        row.buttons[1]->hide();
        row.layOut(220);
        QCOMPARE(row.layout->heightForWidth(220), 24);
        QCOMPARE(row.buttons[2]->geometry().topLeft(), QPoint(106, 0));
    }

    void anIgnoredWidthTakesTheRestOfItsLine()
    {
        Row row(2);
        auto *summary = new QLabel(QStringLiteral("A summary that is much longer than the room it is given here"), &row.panel);
        summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        row.layout->addWidget(summary);
        row.layOut(400);
        QCOMPARE(summary->geometry().left(), 212);
        QCOMPARE(summary->geometry().right(), 399); // to the end of the line, cut
        row.layOut(300); // 88 px left: too little, so a line of its own
        QCOMPARE(summary->geometry().left(), 0);
        QCOMPARE(summary->geometry().width(), 300);
        QVERIFY(summary->geometry().top() >= 24);
    }

    void itemsAreCentredInTheirLine()
    {
        Row row(1);
        auto *note = new QLabel(QStringLiteral("note"), &row.panel);
        note->setFixedSize(40, 10);
        row.layout->addWidget(note);
        row.layOut(400);
        QCOMPARE(note->geometry(), QRect(106, 7, 40, 10));
    }
};

QTEST_MAIN(TestFlowLayout)
#include "tst_flowlayout.moc"
