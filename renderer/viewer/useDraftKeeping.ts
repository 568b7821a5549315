import { useEffect, useEffectEvent } from 'react';
import type { ContourDraft, ContourDrafts } from './contourDrafts';
import { seriesText } from './display';
import type { ToolContext } from './interaction';

/**
 * Keeps the ROI being edited in the app's ContourDrafts (so that nothing drops it unasked, and the app can
 * save it from its question), and gives a series its draft back when the viewer shows it again.
 */
export function useDraftKeeping(
  { seriesUid, state, live }: ToolContext,
  drafts: ContourDrafts,
  resume: (draft: ContourDraft) => void,
): void {
  const { edit, author, detail, volume } = state;
  useEffect(() => {
    const session = live.current.session;
    if (!edit || !session || !detail) return;
    drafts.put({
      seriesUid,
      patientId: detail.patientId,
      seriesText: seriesText(detail),
      edit,
      session,
      author,
    });
  }, [edit, author, detail, drafts, seriesUid, live]);

  // Once per loaded series: the kept draft, if any, is taken up again.
  const loaded = volume !== null;
  const resumeKept = useEffectEvent((draft: ContourDraft) => resume(draft));
  useEffect(() => {
    const draft = drafts.get(seriesUid);
    if (loaded && draft) resumeKept(draft);
  }, [loaded, drafts, seriesUid]);

  // Leaving with nothing drawn: nothing to keep.
  useEffect(
    () => () => {
      if (drafts.get(seriesUid)?.edit.dirty === false) drafts.drop(seriesUid);
    },
    [drafts, seriesUid],
  );
}
