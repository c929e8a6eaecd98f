import { describe, expect, it } from 'vitest'
import {
  addMinute, clockDuration, elapsedMs, formatClock, initialTimerState, nextStep, pauseTimer, previousStep, restoreTimerState,
  startTimer, stepLeftMs, timerStatus, totalLeftMs,
} from '../../../../src/client/composables/useStepTimer'
import { makeWerkvormStep } from '../../../factories/item-factory'

const MINUTE = 60_000
const T0 = 1_700_000_000_000
const steps = [makeWerkvormStep({ minutes: 3 }), makeWerkvormStep({ minutes: 7 }), makeWerkvormStep({ minutes: 5 })]

describe('the step timer state', () => {
  it('counts time from the start timestamp, not from ticks', () => {
    const running = startTimer(initialTimerState(), T0)

    expect(timerStatus(running, steps.length)).toBe('running')
    expect(stepLeftMs(steps, running, T0 + 90_000)).toBe(90_000)
    expect(totalLeftMs(steps, running, T0 + 90_000)).toBe(90_000 + 12 * MINUTE)
  })

  it('freezes the time while paused and leaves the pause out once resumed', () => {
    const paused = pauseTimer(startTimer(initialTimerState(), T0), T0 + MINUTE)

    expect(timerStatus(paused, steps.length)).toBe('paused')
    expect(elapsedMs(paused, T0 + 10 * MINUTE)).toBe(MINUTE)
    const resumed = startTimer(paused, T0 + 10 * MINUTE)
    expect(stepLeftMs(steps, resumed, T0 + 11 * MINUTE)).toBe(MINUTE)
  })

  it('adds a minute, or one minute from now once the time is already up', () => {
    const running = startTimer(initialTimerState(), T0)

    expect(stepLeftMs(steps, addMinute(steps, running, T0), T0)).toBe(4 * MINUTE)
    const late = T0 + 5 * MINUTE
    expect(stepLeftMs(steps, running, late)).toBe(-2 * MINUTE)
    expect(stepLeftMs(steps, addMinute(steps, running, late), late)).toBe(MINUTE)
  })

  it('keeps a running timer running on the next step, and is done after the last', () => {
    const second = nextStep(startTimer(initialTimerState(), T0), steps.length, T0 + MINUTE)
    expect(second).toMatchObject({ stepIndex: 1, startedAt: T0 + MINUTE, pausedAt: null, extraMs: 0 })

    const idleNext = nextStep(initialTimerState(1), steps.length, T0)
    expect(timerStatus(idleNext, steps.length)).toBe('idle')

    const done = nextStep(startTimer(initialTimerState(2), T0), steps.length, T0)
    expect(timerStatus(done, steps.length)).toBe('finished')
    expect(totalLeftMs(steps, done, T0)).toBe(0)
    expect(previousStep(done, steps.length).stepIndex).toBe(2)
    expect(previousStep(initialTimerState(0), steps.length).stepIndex).toBe(0)
  })

  it('restores a saved state, and starts afresh from anything it does not recognise', () => {
    const saved = JSON.parse(JSON.stringify(pauseTimer(startTimer(initialTimerState(1), T0), T0 + 5000))) as unknown

    expect(restoreTimerState(saved, steps.length)).toEqual(pauseTimer(startTimer(initialTimerState(1), T0), T0 + 5000))
    expect(restoreTimerState(undefined, 3)).toEqual(initialTimerState())
    expect(restoreTimerState('nonsense', 3)).toEqual(initialTimerState())
    expect(restoreTimerState({ ...(saved as object), version: 99 }, 3)).toEqual(initialTimerState())
    expect(restoreTimerState({ ...(saved as object), stepIndex: -1 }, 3)).toEqual(initialTimerState())
    expect(restoreTimerState({ ...(saved as object), startedAt: 'yesterday' }, 3)).toEqual(initialTimerState())
    // The werkvorm lost steps since: the session is done rather than on a step that is gone.
    expect(restoreTimerState({ ...(saved as object), stepIndex: 5 }, 3)).toEqual(initialTimerState(3))
  })

  it('shows the time left as a clock, rounded up to whole seconds', () => {
    expect(formatClock(5 * MINUTE)).toBe('5:00')
    expect(formatClock(4 * MINUTE + 59_001)).toBe('5:00')
    expect(formatClock(65_000)).toBe('1:05')
    expect(formatClock(-3000)).toBe('0:00')
    expect(formatClock(62 * MINUTE + 5000)).toBe('1:02:05')
    expect(clockDuration(65_000)).toBe('PT1M5S')
  })
})
