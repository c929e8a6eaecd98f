// The step timer of session mode. Its state is a few timestamps, not a count of ticks: the time left is
// worked out from the clock whenever it is shown, so it stays right while the tab sleeps in the
// background, and a saved state resumes where she left it.
import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { WerkvormStep } from '../../shared/content/types'

export const STEP_TIMER_STATE_VERSION = 1
const MINUTE_MS = 60_000

export interface StepTimerState {
  version: typeof STEP_TIMER_STATE_VERSION
  /** The step on screen; equal to the number of steps once the session is done. */
  stepIndex: number
  /** When this step's timer was first started (ms since epoch); null while it has not been started. */
  startedAt: number | null
  /** When it was paused; null while it runs (or has not been started). */
  pausedAt: number | null
  /** Time spent paused in earlier pauses of this step. */
  pausedMs: number
  /** Time added to this step with "+1 minuut". */
  extraMs: number
  /** The end of this step has been signalled: the signal sounds once, also across a reload. */
  isSignalled: boolean
}

export type StepTimerStatus = 'idle' | 'running' | 'paused' | 'finished'

export function initialTimerState(stepIndex = 0): StepTimerState {
  return { version: STEP_TIMER_STATE_VERSION, stepIndex, startedAt: null, pausedAt: null, pausedMs: 0, extraMs: 0, isSignalled: false }
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0
const isTimeOrNull = (value: unknown): value is number | null => value === null || isCount(value)

/** Every state read from storage passes through here: anything odd or from another shape starts afresh. */
export function restoreTimerState(value: unknown, stepCount: number): StepTimerState {
  const fresh = initialTimerState()
  if (typeof value !== 'object' || value === null) return fresh
  const saved = value as Partial<Record<keyof StepTimerState, unknown>>
  if (saved.version !== STEP_TIMER_STATE_VERSION || !isCount(saved.stepIndex) || !Number.isInteger(saved.stepIndex)) return fresh
  if (!isTimeOrNull(saved.startedAt) || !isTimeOrNull(saved.pausedAt) || !isCount(saved.pausedMs) || !isCount(saved.extraMs)) return fresh
  // The werkvorm may have lost steps since: then the session is done.
  if (saved.stepIndex >= stepCount) return initialTimerState(stepCount)
  const isStarted = saved.startedAt !== null
  return {
    version: STEP_TIMER_STATE_VERSION,
    stepIndex: saved.stepIndex,
    startedAt: saved.startedAt,
    pausedAt: isStarted ? saved.pausedAt : null,
    pausedMs: isStarted ? saved.pausedMs : 0,
    extraMs: saved.extraMs,
    isSignalled: saved.isSignalled === true,
  }
}

export function timerStatus(state: StepTimerState, stepCount: number): StepTimerStatus {
  if (state.stepIndex >= stepCount) return 'finished'
  if (state.startedAt === null) return 'idle'
  return state.pausedAt === null ? 'running' : 'paused'
}

/** How long this step has run: wall time since its start, minus the pauses. */
export function elapsedMs(state: StepTimerState, now: number): number {
  if (state.startedAt === null) return 0
  const until = state.pausedAt ?? now
  return Math.max(0, until - state.startedAt - state.pausedMs)
}

export function stepPlannedMs(steps: readonly WerkvormStep[], state: StepTimerState): number {
  const step = steps[state.stepIndex]
  return step ? step.minutes * MINUTE_MS + state.extraMs : 0
}

/** Time left of the step on screen; negative once its time is up. */
export function stepLeftMs(steps: readonly WerkvormStep[], state: StepTimerState, now: number): number {
  return stepPlannedMs(steps, state) - elapsedMs(state, now)
}

/** Time left of the whole session: what is left of this step plus the steps after it. */
export function totalLeftMs(steps: readonly WerkvormStep[], state: StepTimerState, now: number): number {
  const later = steps.slice(state.stepIndex + 1).reduce((sum, step) => sum + step.minutes * MINUTE_MS, 0)
  return Math.max(0, stepLeftMs(steps, state, now)) + (state.stepIndex < steps.length ? later : 0)
}

export function startTimer(state: StepTimerState, now: number): StepTimerState {
  if (state.startedAt === null) return { ...state, startedAt: now, pausedAt: null, pausedMs: 0 }
  if (state.pausedAt === null) return state
  return { ...state, pausedAt: null, pausedMs: state.pausedMs + Math.max(0, now - state.pausedAt) }
}

export function pauseTimer(state: StepTimerState, now: number): StepTimerState {
  return state.startedAt !== null && state.pausedAt === null ? { ...state, pausedAt: now } : state
}

/**
 * One more minute for this step. When its time is already up, that minute counts from now: adding it to a
 * step that ran five minutes over would change nothing she can see.
 */
export function addMinute(steps: readonly WerkvormStep[], state: StepTimerState, now: number): StepTimerState {
  const overMs = Math.max(0, -stepLeftMs(steps, state, now))
  return { ...state, extraMs: state.extraMs + overMs + MINUTE_MS, isSignalled: false }
}

/** To the next step (or to "klaar" after the last): a running timer keeps running for the new step. */
export function nextStep(state: StepTimerState, stepCount: number, now: number): StepTimerState {
  if (state.stepIndex >= stepCount) return state
  const next = initialTimerState(state.stepIndex + 1)
  const wasRunning = state.startedAt !== null && state.pausedAt === null
  return wasRunning && next.stepIndex < stepCount ? { ...next, startedAt: now } : next
}

/** Back one step, whose timer starts again from its full time. */
export function previousStep(state: StepTimerState, stepCount: number): StepTimerState {
  return initialTimerState(Math.max(0, Math.min(state.stepIndex, stepCount) - 1))
}

/** Whole seconds left, rounded up: a fresh five-minute step shows 5:00, and 0:00 means the time is up. */
function secondsLeft(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000))
}

/** "4:05", or "1:02:05" past an hour. */
export function formatClock(ms: number): string {
  const seconds = secondsLeft(ms)
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = String(seconds % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** The same time as an ISO 8601 duration, for <time datetime>. */
export function clockDuration(ms: number): string {
  const seconds = secondsLeft(ms)
  return `PT${Math.floor(seconds / 60)}M${seconds % 60}S`
}

export interface UseStepTimerOptions {
  /** Where the state is kept between visits (localStorage); without it the timer forgets on leaving. */
  storageKey?: MaybeRefOrGetter<string | undefined>
  /** Called once when the time of a running step is up. */
  onStepEnd?: (stepIndex: number) => void
  /** How often the shown time refreshes while the timer runs. */
  intervalMs?: number
}

export interface UseStepTimerReturn {
  state: ShallowRef<StepTimerState>
  /** The clock as last read: changes once per interval while the timer runs. */
  now: ShallowRef<number>
  status: ComputedRef<StepTimerStatus>
  step: ComputedRef<WerkvormStep | undefined>
  stepIndex: ComputedRef<number>
  stepCount: ComputedRef<number>
  stepLeftMs: ComputedRef<number>
  totalLeftMs: ComputedRef<number>
  isTimeUp: ComputedRef<boolean>
  start: () => void
  pause: () => void
  addMinute: () => void
  next: () => void
  previous: () => void
  reset: () => void
}

function readSaved(key: string | undefined): unknown {
  if (!key) return undefined
  try {
    const raw = localStorage.getItem(key)
    return raw === null ? undefined : JSON.parse(raw)
  } catch {
    return undefined
  }
}

function writeSaved(key: string | undefined, state: StepTimerState): void {
  if (!key) return
  try {
    localStorage.setItem(key, JSON.stringify(state))
  } catch {
    // Storage refused (private mode, full disk): the timer still works for this visit.
  }
}

export function useStepTimer(steps: MaybeRefOrGetter<readonly WerkvormStep[]>, options: UseStepTimerOptions = {}): UseStepTimerReturn {
  const { storageKey, onStepEnd, intervalMs = 1000 } = options
  const stepList = computed(() => toValue(steps))
  const stepCount = computed(() => stepList.value.length)
  const now = shallowRef(Date.now())
  const state = shallowRef<StepTimerState>(restoreTimerState(readSaved(toValue(storageKey)), stepCount.value))

  const status = computed(() => timerStatus(state.value, stepCount.value))
  const left = computed(() => stepLeftMs(stepList.value, state.value, now.value))
  const total = computed(() => totalLeftMs(stepList.value, state.value, now.value))
  const isTimeUp = computed(() => status.value !== 'idle' && status.value !== 'finished' && left.value <= 0)

  function update(change: (current: StepTimerState, at: number) => StepTimerState): void {
    const at = Date.now()
    now.value = at
    state.value = change(state.value, at)
    writeSaved(toValue(storageKey), state.value)
    checkEnd()
  }

  function checkEnd(): void {
    if (status.value !== 'running' || state.value.isSignalled || left.value > 0) return
    state.value = { ...state.value, isSignalled: true }
    writeSaved(toValue(storageKey), state.value)
    onStepEnd?.(state.value.stepIndex)
  }

  function tick(): void {
    now.value = Date.now()
    checkEnd()
  }

  // Tick only while the timer runs: a paused session costs the phone nothing.
  let interval: ReturnType<typeof setInterval> | undefined
  const stopTicking = () => {
    if (interval !== undefined) clearInterval(interval)
    interval = undefined
  }
  watch(
    status,
    (current) => {
      if (current === 'running' && interval === undefined) interval = setInterval(tick, intervalMs)
      else if (current !== 'running') stopTicking()
    },
    { immediate: true },
  )
  // Timers sleep in a background tab: read the clock again as soon as she is back.
  const onVisible = () => {
    if (document.visibilityState === 'visible') tick()
  }
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisible)
  watch(
    () => toValue(storageKey),
    (key) => (state.value = restoreTimerState(readSaved(key), stepCount.value)),
  )
  onScopeDispose(() => {
    stopTicking()
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible)
  })
  // A step that ended while she was away is noticed (and signalled once) when she comes back.
  tick()

  return {
    state,
    now,
    status,
    step: computed(() => stepList.value[state.value.stepIndex]),
    stepIndex: computed(() => state.value.stepIndex),
    stepCount,
    stepLeftMs: left,
    totalLeftMs: total,
    isTimeUp,
    start: () => update(startTimer),
    pause: () => update(pauseTimer),
    addMinute: () => update((current, at) => addMinute(stepList.value, current, at)),
    next: () => update((current, at) => nextStep(current, stepCount.value, at)),
    previous: () => update((current) => previousStep(current, stepCount.value)),
    reset: () => update(() => initialTimerState()),
  }
}
