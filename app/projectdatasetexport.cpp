#include "projectdatasetexport.h"

#include "dataset/datasetexport.h"
#include "store/projectstore.h"

namespace sd::app {

QString exportProjectDataset(ProjectStore &store, bool dpo, const QString &folder)
{
    // Training never sees the held-out operations.
    DatasetExportOptions options;
    options.split = QStringLiteral("train");
    return (dpo ? exportDpoJsonl(store, folder, options) : exportSftJsonl(store, folder, options)).jsonlPath;
}

} // namespace sd::app
