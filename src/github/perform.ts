import type { Effect } from "../core/effects.js";
import type { Event } from "../core/events.js";
import { cancelRun } from "./perform/cancel-run.js";
import { closeIssue } from "./perform/close-issue.js";
import { closePullRequest } from "./perform/close-pull-request.js";
import { comment } from "./perform/comment.js";
import { createBranch } from "./perform/create-branch.js";
import { createReviewCheck } from "./perform/create-review-check.js";
import { createVerifyCheck } from "./perform/create-verify-check.js";
import { dispatch } from "./perform/dispatch.js";
import { escalateComment } from "./perform/escalate.js";
import { merge } from "./perform/merge.js";
import { openFinalPullRequest } from "./perform/open-final-pull-request.js";
import { openPullRequest } from "./perform/open-pull-request.js";
import { openRestorePullRequest } from "./perform/open-restore-pull-request.js";
import { openSubIssue } from "./perform/open-sub-issue.js";
import type { PerformEnv } from "./perform/perform-env.js";
import { postWebhook } from "./perform/post-webhook.js";
import { react } from "./perform/react.js";
import { recordCheckpoint } from "./perform/record-checkpoint.js";
import { requestPlan } from "./perform/request-plan.js";
import { resetBranch } from "./perform/reset-branch.js";
import { setLabels } from "./perform/set-labels.js";
import { setSubIssueState } from "./perform/set-sub-issue-state.js";
import { updateBranch } from "./perform/update-branch.js";
import { updateBrief } from "./perform/update-brief.js";
import { upsertDashboard } from "./perform/upsert-dashboard.js";
import { writeIncomingFile } from "./perform/write-incoming-file.js";

/** Performs one effect with its performer (one file each under perform/) and returns its outcome events. */
export function perform(effect: Effect, env: PerformEnv): Promise<Event[]> {
  switch (effect.type) {
    case "RequestPlan":
      return requestPlan(effect, env);
    case "CreateBranch":
      return createBranch(effect, env);
    case "OpenPullRequest":
      return openPullRequest(effect, env);
    case "UpdateBrief":
      return updateBrief(effect, env);
    case "Dispatch":
      return dispatch(effect, env);
    case "CancelRun":
      return cancelRun(effect, env);
    case "CreateVerifyCheck":
      return createVerifyCheck(effect, env);
    case "CreateReviewCheck":
      return createReviewCheck(effect, env);
    case "Merge":
      return merge(effect, env);
    case "UpdateBranch":
      return updateBranch(effect, env);
    case "ResetBranch":
      return resetBranch(effect, env);
    case "ClosePullRequest":
      return closePullRequest(effect, env);
    case "RecordCheckpoint":
      return recordCheckpoint(effect, env);
    case "OpenFinalPullRequest":
      return openFinalPullRequest(effect, env);
    case "OpenRestorePullRequest":
      return openRestorePullRequest(effect, env);
    case "WriteIncomingFile":
      return writeIncomingFile(effect, env);
    case "UpsertDashboard":
      return upsertDashboard(effect, env);
    case "Comment":
      return comment(effect, env);
    case "CloseIssue":
      return closeIssue(effect, env);
    case "React":
      return react(effect, env);
    case "SetLabels":
      return setLabels(effect, env);
    case "Escalate":
      return escalateComment(effect, env);
    case "PostWebhook":
      return postWebhook(effect, env);
    case "OpenSubIssue":
      return openSubIssue(effect, env);
    case "SetSubIssueState":
      return setSubIssueState(effect, env);
    default: {
      const _exhaustive: never = effect;
      return _exhaustive;
    }
  }
}
