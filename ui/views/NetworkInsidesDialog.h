#pragma once

#include <QDialog>
#include <QPointer>

#include <memory>

class QLabel;

namespace genrelab {

class JobRunner;
class NetworkInsidesView;
class SpectrogramView;
struct InsidesCache;

// "Inside the network…": a window of its own, beside the workspace, that shows what the
// model computes for the snippet selected in a SpectrogramView (NetworkInsidesView) and
// follows the selection while open. The network runs on a worker (the latest selection
// wins, the window never waits); without a model it says how to get one.
// Thread contract: GUI thread; the network runs on a pool thread, one job at a time.
class NetworkInsidesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NetworkInsidesDialog(SpectrogramView *follows, QWidget *parent = nullptr);
    ~NetworkInsidesDialog() override;

    // A run folder or .genrelab bundle; empty: no model (the window says why).
    void setModel(const QString &path);
    const QString &model() const { return m_model; }
    NetworkInsidesView *view() const { return m_view; }
    QString status() const;
    bool isComputing() const;

Q_SIGNALS:
    // The view shows the selected snippet's insides.
    void computed();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void recompute();
    void setStatus(const QString &text);

    QPointer<SpectrogramView> m_follows;
    NetworkInsidesView *m_view;
    QLabel *m_status;
    JobRunner *m_jobs;
    std::shared_ptr<InsidesCache> m_cache; // the loaded network, shared with the worker
    QString m_model;
};

} // namespace genrelab
