// File > Import video…: pick a video, scrub through it with a preview, mark
// the CME phase start and end, choose the sampling interval and side, then
// import with a progress bar and cancel. The import is core's importVideo()
// (all-or-nothing) running on a worker thread with its own ProjectStore
// connection; the UI thread only shows progress.
#pragma once

#include "mediaimport.h"

#include <QDialog>
#include <QFutureWatcher>
#include <atomic>
#include <memory>

#include <opencv2/videoio.hpp>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;

namespace sd::ui {

class VideoImportDialog : public QDialog {
    Q_OBJECT
public:
    // projectFolder: the open project (a second connection is opened for the import).
    explicit VideoImportDialog(const QString &projectFolder, QWidget *parent = nullptr);
    ~VideoImportDialog() override;

    bool setVideo(const QString &path); // false (with errorText) when it cannot be read
    QString videoPath() const { return m_path; }
    double durationSec() const { return m_duration; }
    void seek(double seconds);
    double position() const;
    void markPhaseStart();
    void markPhaseEnd();
    VideoImportOptions options() const;
    void setOptions(const VideoImportOptions &options);

    void startImport();
    void cancelImport();
    bool isImporting() const { return m_watcher.isRunning(); }
    const ImportResult &result() const { return m_result; }
    QString errorText() const { return m_error; }
    QImage previewImage() const { return m_previewImage; }

Q_SIGNALS:
    void importFinished(bool ok);

protected:
    void reject() override; // cancels a running import first

private:
    void chooseVideo();
    void showPreview(double seconds);
    void setProgress(int done, int total);
    void finished();
    void updateButtons();

    QString m_folder;
    QString m_path;
    cv::VideoCapture m_capture;
    double m_duration = 0;
    double m_fps = 0;
    QImage m_previewImage;

    QLabel *m_file;
    QLabel *m_preview;
    QSlider *m_slider;
    QLabel *m_time;
    QDoubleSpinBox *m_start;
    QDoubleSpinBox *m_end;
    QDoubleSpinBox *m_interval;
    QComboBox *m_side;
    QLabel *m_estimate;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_import;
    QPushButton *m_close;

    QFutureWatcher<void> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    ImportResult m_result;
    QString m_error;
};

} // namespace sd::ui
