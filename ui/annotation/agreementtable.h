// The project's annotator agreement (consensus/agreementreport.h) as a table:
// the rows `surgdistill review agreement` writes to its CSV, with the counts
// above. Computed on request ("Update"), since it reads every submitted annotation.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace sd {
class ProjectStore;
}

namespace sd::ui {

class AgreementTable : public QWidget {
    Q_OBJECT
public:
    explicit AgreementTable(QWidget *parent = nullptr);

    void setStore(const ProjectStore *store); // a different project clears the table
    QTreeWidget *table() const { return m_table; }
    QLabel *summary() const { return m_summary; }

public Q_SLOTS:
    void update();

private:
    const ProjectStore *m_store = nullptr;
    QLabel *m_summary;
    QPushButton *m_update;
    QTreeWidget *m_table;
};

} // namespace sd::ui
