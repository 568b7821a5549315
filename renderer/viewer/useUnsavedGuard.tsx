/**
 * The app's guard for unsaved contours (issue #14.2): `leave(reason, proceed)` runs `proceed` at once when no
 * draft would be dropped, else asks Save / Discard / Cancel first (the dialog this hook returns). It also
 * answers the browser's beforeunload (reload, closing the tab) and, in Electron, the window's "may close?"
 * query that main sends through the preload (main/electron/closeGuard.ts).
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { saveContourDraft, type ContourDraft, type ContourDrafts } from './contourDrafts';
import { UnsavedContourDialog } from './UnsavedContourDialog';

interface Question {
  draft: ContourDraft;
  reason: string;
  /** After Save or Discard: ask about the next draft, if any, then go on. */
  resolved: () => void;
  stay: () => void;
}

export interface LeaveOptions {
  /** Drafts this change does not drop (e.g. those of the series being opened). */
  keep?: (draft: ContourDraft) => boolean;
  /** Runs when the user cancels. */
  onStay?: () => void;
}

export interface UnsavedGuard {
  leave(reason: string, proceed: () => void, options?: LeaveOptions): void;
  /** The open question, to render once in the app. */
  dialog: ReactNode;
}

export function useUnsavedGuard(drafts: ContourDrafts): UnsavedGuard {
  const [question, setQuestion] = useState<Question | null>(null);

  const leave = useCallback(
    (reason: string, proceed: () => void, options: LeaveOptions = {}) => {
      const dropped = options.keep ? (d: ContourDraft) => !options.keep?.(d) : undefined;
      const ask = () => {
        const [draft] = drafts.unsaved(dropped);
        if (!draft) {
          setQuestion(null);
          return proceed();
        }
        setQuestion({
          draft,
          reason,
          resolved: ask,
          stay: () => {
            setQuestion(null);
            options.onStay?.();
          },
        });
      };
      ask();
    },
    [drafts],
  );

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!drafts.unsaved().length) return;
      e.preventDefault();
      // (older Chromium/Electron look at returnValue)
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const stopCloseQuery = api().onCloseRequest?.(
      () =>
        new Promise<boolean>((answer) =>
          leave('before closing the window', () => answer(true), { onStay: () => answer(false) }),
        ),
    );
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      stopCloseQuery?.();
    };
  }, [drafts, leave]);

  const dialog = question && (
    <UnsavedContourDialog
      key={question.draft.seriesUid}
      draft={question.draft}
      reason={question.reason}
      onSave={async () => {
        await saveContourDraft(question.draft);
        drafts.drop(question.draft.seriesUid);
        question.resolved();
      }}
      onDiscard={() => {
        drafts.drop(question.draft.seriesUid);
        question.resolved();
      }}
      onCancel={question.stay}
    />
  );
  return { leave, dialog };
}
