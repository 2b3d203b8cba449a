// Read-only view of one outbound payload: the exact bytes (monospace), their
// SHA-256 as written to the audit log, size and destination. Used by the
// "Preview payload" window and the audit log's payload viewer.
#pragma once

#include <QByteArray>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace sd::ui {

class PayloadView : public QWidget {
    Q_OBJECT
public:
    explicit PayloadView(QWidget *parent = nullptr);

    // destination: already worded for the user ("POST https://…", "this computer only").
    void setPayload(const QString &destination, const QByteArray &payload, const QByteArray &sha256Hex);
    void clear();

    QByteArray payload() const { return m_payload; }
    QString shownText() const;
    QString destinationText() const;
    QString sha256Text() const;

private:
    QLabel *m_destination = nullptr;
    QLabel *m_sha = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QByteArray m_payload;
};

} // namespace sd::ui
