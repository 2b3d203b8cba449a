// Helper process for tst_projectstore's crash-consistency test: writes numbered
// transactions (two frames each, same content-hash prefix) in a loop and prints
// the number of each one after it committed. The test SIGKILLs it mid-way.
//
// usage: storewriter_helper <project folder> <count>
#include "store/projectstore.h"

#include <QCoreApplication>
#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: storewriter_helper <project folder> <count>\n");
        return 2;
    }
    try {
        auto store = sd::ProjectStore::open(QString::fromLocal8Bit(argv[1]));
        const int count = QByteArray(argv[2]).toInt();
        for (int n = 1; n <= count; ++n) {
            store->transaction([&] {
                for (int half = 0; half < 2; ++half) {
                    sd::Frame f;
                    f.contentHash = QByteArray("tx%1-%2").replace("%1", QByteArray::number(n))
                                        .replace("%2", QByteArray::number(half));
                    f.width = 4;
                    f.height = 4;
                    f.mediaPath = QStringLiteral("media/tx%1-%2.png").arg(n).arg(half);
                    store->addFrame(f);
                }
                store->appendAudit(QStringLiteral("helper"), QStringLiteral("tx"), QString(),
                                   QByteArray::number(n));
            });
            std::printf("committed %d\n", n);
            std::fflush(stdout);
        }
    } catch (const std::exception &e) {
        std::fprintf(stderr, "storewriter_helper: %s\n", e.what());
        return 1;
    }
    return 0;
}
