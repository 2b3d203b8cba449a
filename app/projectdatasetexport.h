// The bridge from `surgdistill train --project P` to the project's approved
// training data: the dataset exporter (core/dataset/) writes the "messages"
// JSONL with its images into a folder, which the trainer then reads.
#pragma once

#include <QString>

namespace sd {
class ProjectStore;
}

namespace sd::app {

// Writes the approved SFT (dpo == false) or DPO dataset of `store` into
// `folder` and returns the JSONL file's path. Throws std::runtime_error.
QString exportProjectDataset(ProjectStore &store, bool dpo, const QString &folder);

} // namespace sd::app
