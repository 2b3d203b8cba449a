#include "mainwindow.h"
namespace sd::ui {
MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {}
}
