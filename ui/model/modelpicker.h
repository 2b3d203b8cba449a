// Chooses the local model folder: any Hugging Face Qwen2.5-VL folder (typed or
// browsed), the project's training checkpoints, and recently used folders.
#pragma once

#include <QWidget>

class QComboBox;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class ModelPicker : public QWidget {
    Q_OBJECT
public:
    explicit ModelPicker(QWidget *parent = nullptr);

    void setProject(const ProjectStore *store); // refills the list
    QString modelDir() const;
    void setModelDir(const QString &dir);
    // Puts the folder first in the recently used list (QSettings "models/recent").
    static void remember(const QString &dir);

Q_SIGNALS:
    void modelDirChanged(const QString &dir);

private:
    void refill();

    const ProjectStore *m_store = nullptr;
    QComboBox *m_combo = nullptr;
};

} // namespace sd::ui
