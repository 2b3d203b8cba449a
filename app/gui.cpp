#include "gui.h"
#include "mainwindow.h"
#include <QApplication>
namespace sd::app {
int runGui(const QStringList &)
{
    sd::ui::MainWindow w;
    w.show();
    return qApp->exec();
}
}
