package io.lakeward.ams.optimizer;

import java.util.List;

/**
 * What the launcher knows of one group, for its REST status.
 *
 * @param liveSlots slots of the group's live applications (and of killed ones still stopping)
 * @param live the group's live applications
 * @param lastFailure the newest application of the group if it FAILED (why is in its message); null otherwise
 * @param backoffUntil when the group may launch again after failed launches; null when it does not back off
 * @param checkedAt when the launcher last reviewed the group; null before the first review
 * @param decision what the launcher concluded then, as a sentence
 */
public record GroupLaunchStatus(int liveSlots, List<OptimizerApplication> live, OptimizerApplication lastFailure,
    Long backoffUntil, Long checkedAt, String decision) {}
