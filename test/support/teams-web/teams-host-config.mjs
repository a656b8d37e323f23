// An Adaptive Cards host config in the spirit of Teams' light theme: Segoe UI at 14 px, Teams'
// purple for accents and buttons, tinted container styles, inline Action.ShowCard, six actions.
// The values are approximations chosen for this test client, not Teams' own file.

const text = (color, subtle) => ({ default: color, subtle });

const foregroundColors = {
  default: text('#242424', '#616161'),
  dark: text('#242424', '#616161'),
  light: text('#FFFFFF', '#F5F5F5'),
  accent: text('#5B5FC7', '#7F85F5'),
  good: text('#0E700E', '#107C10'),
  warning: text('#835B00', '#8A6A00'),
  attention: text('#C4314B', '#D13438'),
};

const style = (backgroundColor) => ({ backgroundColor, foregroundColors });

export const teamsHostConfig = {
  supportsInteractivity: true,
  fontFamily: "'Segoe UI', 'Segoe UI Web (West European)', system-ui, -apple-system, 'Helvetica Neue', 'Noto Sans', 'DejaVu Sans', sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  lineHeights: { small: 16, default: 20, medium: 22, large: 24, extraLarge: 32 },
  containerStyles: {
    default: style('#FFFFFF'),
    emphasis: style('#F5F5F5'),
    accent: style('#EBEBF9'),
    good: style('#F1FAF1'),
    warning: style('#FBF6D9'),
    attention: style('#FDF3F4'),
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 12, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  inputs: {
    label: {
      inputSpacing: 'small',
      requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'bolder' },
    },
    errorMessage: { size: 'small', color: 'attention' },
  },
  factSet: {
    title: { weight: 'bolder', wrap: true, maxWidth: 160 },
    value: { wrap: true },
    spacing: 12,
  },
  imageSizes: { small: 32, medium: 52, large: 100 },
};
