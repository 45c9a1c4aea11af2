#pragma once

#include "ColourMap.h"

#include <QImage>
#include <QWidget>

#include <vector>

namespace genrelab {

// A time × frequency matrix (values in [0, 1]) drawn with a colour map, low rows at
// the bottom, with a title, a caption and, once set, axes (round ticks, titled): the
// teaching panel's two spectrograms.
// Thread contract: GUI thread.
class MatrixImageView : public QWidget
{
    Q_OBJECT
public:
    explicit MatrixImageView(QWidget *parent = nullptr);
    void setMatrix(int frames, int bins, const std::vector<float> &values);
    void setTitle(const QString &title) { m_title = title; update(); }
    void setCaption(const QString &caption) { m_caption = caption; update(); }
    void setColourMap(ColourMap::Name name) { m_map = ColourMap(name); update(); }
    // x from 0 to xMax (e.g. seconds), y from 0 to yMax (e.g. Hz or bands), with titles.
    void setAxes(const QString &xTitle, double xMax, const QString &yTitle, double yMax);
    bool hasAxes() const { return m_xMax > 0.0 && m_yMax > 0.0; }
    int frames() const { return m_frames; }
    int bins() const { return m_bins; }
    QSize sizeHint() const override { return {400, 300}; }
    QSize minimumSizeHint() const override { return {200, 160}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QImage m_image;
    QString m_title, m_caption;
    ColourMap m_map;
    int m_frames = 0, m_bins = 0;
    QString m_xTitle, m_yTitle;
    double m_xMax = 0.0, m_yMax = 0.0;
};

} // namespace genrelab
