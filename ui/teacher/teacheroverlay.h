// Small pieces shared by the teacher screens (answer review, pair review,
// generate, settings): the picture an expert judges by, the reviewer's name
// and the provider choices.
#pragma once

#include <QImage>
#include <QString>

class QComboBox;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

// The frame with the structure's mask through TrainingOverlay (at the project's overlay
// opacity), i.e. exactly the image that enters the data set. Null image and *error on failure.
QImage teacherOverlayImage(const ProjectStore &store, qint64 frameId, qint64 structureId, QString *error = nullptr);

// Fills a combo with the teacher providers (data: "offline", "openai", "gemini").
void fillProviderCombo(QComboBox *combo);

// Project settings holding the default teacher provider, base URL and model (set in Teacher settings).
inline constexpr const char *kDefaultProviderSetting = "teacher_default_provider";
inline constexpr const char *kDefaultBaseUrlSetting = "teacher_default_base_url";
inline constexpr const char *kDefaultModelSetting = "teacher_default_model";

} // namespace sd::ui
