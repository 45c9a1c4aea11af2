#pragma once

#include "data/Dataset.h"
#include "data/FeatureCache.h"
#include "ml/EmbeddingMap.h"
#include "ml/TrainingConfig.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QListWidget;

namespace genrelab {

class EmbeddingMapView;
class JobRunner;

// Evaluate's embedding map, in a window of its own: the open run's model embeds every
// validation and test snippet of the run's split (on a worker, with progress and
// Cancel), PCA at once or t-SNE on request; a click on a dot, or on a lassoed snippet in
// the list, asks Evaluate to inspect that snippet.
// Thread contract: GUI thread.
class EmbeddingMapDialog : public QDialog
{
    Q_OBJECT
public:
    explicit EmbeddingMapDialog(QWidget *parent = nullptr);
    ~EmbeddingMapDialog() override;

    // The model of `runDir` (trained with `config`) on `dataset`; computes the map now.
    void showRun(const QString &runDir, const TrainingConfig &config, const Dataset &dataset,
                 std::shared_ptr<const FeatureCache> cache);
    void clear();
    bool isComputing() const;

    EmbeddingMapView *view() const { return m_view; }
    QComboBox *projectionBox() const { return m_projection; }
    QListWidget *lassoList() const { return m_list; }
    const EmbeddingMap::Result &result() const { return m_result; }
    QString summary() const;

Q_SIGNALS:
    void snippetChosen(const QString &trackPath, int snippet);
    void computed();

private:
    void compute();
    void showResult(EmbeddingMap::Result result);
    void listLassoed(const QList<int> &indices);
    void choose(int index);
    QString describe(const EmbeddingMap::Point &point) const;

    EmbeddingMapView *m_view;
    QComboBox *m_projection;
    QLabel *m_summary;
    QListWidget *m_list;
    JobRunner *m_jobs;
    QString m_runDir;
    TrainingConfig m_config;
    Dataset m_dataset;
    std::shared_ptr<const FeatureCache> m_cache;
    EmbeddingMap::Result m_result;
};

} // namespace genrelab
