// Summary statistics for "mean ± sd" evaluation reports.
#pragma once

#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

#include <vector>

namespace sd::metrics {

struct Summary {
    int count = 0;
    double mean = 0.0;   // 0 when count == 0
    double sd = 0.0;     // sample standard deviation (n - 1); 0 when count < 2
    double min = 0.0;
    double max = 0.0;

    // "12.34 ± 5.67" with the given number of decimals.
    QString toString(int decimals = 2) const;
};

double mean(const std::vector<double> &values);                 // 0 for no values
double sampleStdDev(const std::vector<double> &values);         // 0 for fewer than 2 values

// Throws std::invalid_argument on a NaN or infinite value (a broken metric
// must not silently poison a report).
Summary summarize(const std::vector<double> &values);

// Groups (key, value) observations and summarises each group; keys sorted.
QMap<QString, Summary> summarizeByGroup(const QList<QPair<QString, double>> &observations);

} // namespace sd::metrics
