// Grades a resident's free-text answer about a highlighted structure against
// the approved expert answer: the structure named (synonyms and German count),
// the side stated and correct (laterality must always be explicit: the paper's
// models confused left and right CME), and the expert answer's key points.
#pragma once

#include "entities.h"

#include <QString>
#include <vector>

namespace sd::tutor {

struct KeyPoint {
    QString text;            // the expert answer's sentence
    QStringList keywords;    // its stems that the answer is checked for
    bool found = false;
};

struct TutorGrade {
    bool structureCorrect = false;
    QStringList otherStructuresNamed;   // display names of wrong structures the answer names
    Side expectedSide = Side::Unknown;  // the frame's side; Unknown = side not gradable
    Side statedSide = Side::Unknown;    // Unknown when none or both sides are stated
    bool bothSidesStated = false;
    bool sideCorrect = false;           // stated and equal to expectedSide (true if expectedSide is Unknown)
    bool hasExpertAnswer = false;
    std::vector<KeyPoint> keyPoints;

    int keyPointsFound() const;
    // Structure and side right: the parts that must never be wrong.
    bool identificationCorrect() const { return structureCorrect && sideCorrect; }
};

// The key points of an expert answer: one per sentence that carries content
// beyond naming the structure and the side; each as stems of its content words.
std::vector<KeyPoint> keyPointsOf(const QString &expertAnswer, const Structure &structure);

// A point counts as found when at least half of its stems (at least one)
// appear in the answer. German answers are mapped onto English stems first.
TutorGrade gradeAnswer(const QString &answer, const Structure &structure, Side expectedSide,
                       const QString &expertAnswer, const std::vector<Structure> &allStructures);

} // namespace sd::tutor
