#include "stats.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sd::metrics {

QString Summary::toString(int decimals) const
{
    return QStringLiteral("%1 \u00b1 %2").arg(mean, 0, 'f', decimals).arg(sd, 0, 'f', decimals);
}

double mean(const std::vector<double> &values)
{
    if (values.empty())
        return 0.0;
    double sum = 0.0;
    for (const double v : values)
        sum += v;
    return sum / double(values.size());
}

double sampleStdDev(const std::vector<double> &values)
{
    if (values.size() < 2)
        return 0.0;
    // Two-pass formula: numerically safer than sum-of-squares.
    const double m = mean(values);
    double ss = 0.0;
    for (const double v : values)
        ss += (v - m) * (v - m);
    return std::sqrt(ss / double(values.size() - 1));
}

Summary summarize(const std::vector<double> &values)
{
    for (size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            throw std::invalid_argument("summarize: value " + std::to_string(i) + " is not finite");
    }
    Summary s;
    s.count = int(values.size());
    if (values.empty())
        return s;
    s.mean = mean(values);
    s.sd = sampleStdDev(values);
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    s.min = *lo;
    s.max = *hi;
    return s;
}

QMap<QString, Summary> summarizeByGroup(const QList<QPair<QString, double>> &observations)
{
    QMap<QString, std::vector<double>> groups;
    for (const auto &obs : observations) {
        if (!std::isfinite(obs.second))
            throw std::invalid_argument("summarizeByGroup: value for group \"" + obs.first.toStdString()
                                        + "\" is not finite");
        groups[obs.first].push_back(obs.second);
    }
    QMap<QString, Summary> result;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it)
        result.insert(it.key(), summarize(it.value()));
    return result;
}

} // namespace sd::metrics
