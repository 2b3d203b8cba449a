#include "projectdatasetexport.h"

#include "projectstore.h"

#include <stdexcept>

namespace sd::app {

QString exportProjectDataset(ProjectStore &store, bool dpo, const QString &folder)
{
    // TODO wired by lead after merge: return dpo ? sd::exportDpoJsonl(store, folder)
    //                                             : sd::exportSftJsonl(store, folder);
    // (core/dataset/, helper P). Until then this build cannot export; --dataset works.
    Q_UNUSED(store);
    Q_UNUSED(dpo);
    Q_UNUSED(folder);
    throw std::runtime_error("project export not available in this build (use --dataset FILE.jsonl)");
}

} // namespace sd::app
