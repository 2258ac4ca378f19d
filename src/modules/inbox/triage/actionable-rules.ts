/**
 * Rules for what a buyer or customer asks for: a price, whether it is still available, a showing, financing.
 * Weights and normalisation: see rule.ts.
 */
import { rule, type IntentRule } from './rule.js';

export const priceQuestion: readonly IntentRule[] = [
  rule('asks "how much"', 0.9, [/\b(?:how|hw|hoe) ?much\b/]),
  rule('asks the price', 0.9, [
    /\bwhat(?:s| is| are| r)? (?:the |its |your )?(?:asking |list(?:ing)? |sale |monthly |weekly )?(?:pric|rent\b|cost|fees?\b)/,
  ]),
  rule('asks the price', 0.9, [
    /^prices?\s*(?:\?|!|pls|plz|please|$)/,
    /\bprice\s*\?/,
    /\bprice (?:pls|plz|please)\b/,
  ]),
  rule('mentions the asking price', 0.6, [
    /\b(?:asking|list(?:ing)?|sale) price\b/,
    /\bprice (?:point|range|tag)\b/,
  ]),
  rule('asks what they are asking', 0.9, [
    /\bwhat (?:are|is|r|re) (?:they|the sellers?|the owners?|you|u|she|he|yall) (?:asking|charging|want\w* for)\b/,
    /\bwhats it listed (?:at|for)\b/,
  ]),
  rule('asks for the price privately', 0.9, [
    /\b(?:dm|pm|inbox|message|msg|send|text|email) (?:me |us )?(?:the )?pric/,
  ]),
  rule('asks the price in Spanish, Portuguese or French', 0.9, [
    /\b(?:precio|cuanto|quanto custa|combien|prix)\b/,
  ]),
  rule('asks whether the price is negotiable', 0.8, [
    /\bnegotiab/,
    /\bfirm\s*\?/,
    /\bbest offer\b/,
    /\b(?:take|open to) (?:an )?offers?\b/,
    /\b(?:under|over|below|above) (?:the )?asking\b/,
    /\basking\s*\?/,
  ]),
  rule('asks what it will sell for', 0.8, [
    /\b(?:itll|it will|will it|itd|it would|would it) (?:go|sell) for\b/,
    /\bwhats? the (?:damage|number|ask|figure)\b/,
  ]),
  rule('asks the cost', 0.8, [
    /\bwhat (?:does|do|would|will) (?:it|this|they|that|these) cost\b/,
    /\bcost\s*\?/,
  ]),
  rule('asks for a price in a few words', 0.9, [
    /^(?:the )?(?:rent|price|cost|hoa|fees?|taxes)\b[^.!?]{0,30}\?/,
    /\bballpark\b/,
    /\brough (?:figure|number|price)\b/,
  ]),
  rule('asks what it is going for', 0.9, [
    /\bwhat(?:s| is)? (?:\w+ ){0,3}going for\b/,
    /\b(?:run|set) (?:me|us|you) back\b/,
    /\bwould (?:\w+ ){0,4}run (?:me|us)\b/,
  ]),
  rule('asks the price per area', 0.8, [
    /\bper (?:sq ?ft|sqft|square (?:foot|feet|meter|metre)|m2)\b/,
    /\bprice per\b/,
  ]),
  rule('asks about a price change', 0.6, [
    /\bprice (?:just )?(?:drop|reduc|cut|chang|went)/,
    /\b(?:reduced|lowered) the price/,
  ]),
  rule('money symbols as a question', 0.9, [/^[\s$€£💰💵💲💸]*[$€£💰💵💲💸][\s$€£💰💵💲💸]*\?[\s?!]*$/u]),
  rule('mentions price or money', 0.4, [
    /\b(?:prices?|pricing|cost|hoa|taxes)\b/u,
    /[$€£]\s?\d/u,
    /[💰💵💲]/u,
  ]),
];

export const availability: readonly IntentRule[] = [
  rule('asks if it is still available', 0.9, [
    /\bstill (?:availab\w*|availi\w*|avail|avalab\w*|avaliab\w*|avl)\b/,
    /\bstill (?:on (?:the )?market|for (?:sale|rent|lease)|up for grabs|listed|open|vacant|free|in stock)\b/,
    /\bstill (?:a thing|there|up|around|have|got)\b/,
    /\bstill on\s*(?:\?|$)/,
  ]),
  rule('asks if they still have it', 0.8, [
    /\b(?:do|does|would) (?:you|they|u) still (?:sell|have|make|carry|stock|do)\b/,
    /\bany (?:openings?|vacanc(?:y|ies))\b/,
    /\b(?:openings?|vacanc(?:y|ies)) (?:for|in|left|available)\b/,
  ]),
  rule('asks if it sold', 0.9, [
    /\b(?:is|has|did|was) (?:it|this|that|this one|that one|the \w+) (?:already |been |just )*(?:sold|sell|gone|taken|rented|leased)\b/,
    /\b(?:is|has|was) (?:it|this|that|this one|that one|the \w+) (?:already |been |just )*(?:pending|contingent|in escrow|under (?:contract|offer|agreement)|off (?:the )?market)\b/,
  ]),
  rule('asks if it is under contract', 0.8, [
    /\b(?:pending|under contract|sold|taken)(?: yet| already)?\s*(?:\?|$)/,
    /\bsold yet\b/,
    /\boffer (?:been )?accepted\b/,
    /\baccepted an offer\b/,
  ]),
  rule('asks if someone took it', 0.8, [
    /\b(?:did|has) (?:someone|somebody|anyone) (?:grab|buy|bought|take|took|snag|snap|rent)/,
  ]),
  rule('asks if it is up for grabs', 0.8, [/\bup for grabs\b/]),
  rule('asks when it is available', 0.8, [
    /\bavailab\w* (?:from|for|on|until|to (?:rent|buy|move)|now)\b/,
    /\bwhen (?:is|will) (?:it|this|the \w+) (?:be )?available\b/,
    /\bmove[- ]in (?:date|ready)\b/,
  ]),
  rule('asks if it is available', 0.8, [
    /\b(?:is|are) (?:it|this|they|these|those|the \w+) (?:still )?available\b/,
    /\bavailab\w* to (?:order|buy|rent|purchase|ship)\b/,
  ]),
  rule('asks when it lists', 0.8, [
    /\bwhen (?:does|will|is) (?:it|this|the \w+) (?:hit|go(?:ing)? on|come on|list)/,
    /\bhit(?:s|ting)? the market\b/,
    /\bcoming soon\s*\?/,
  ]),
  rule('asks if they take applications', 0.8, [
    /\b(?:taking|accepting) (?:applications|offers|backup)/,
    /\bwait ?list/,
    /\bwaiting list\b/,
    /\bapply (?:for|to rent)\b/,
  ]),
  rule('asks in Spanish, French, German or Portuguese', 0.9, [
    /\b(?:sigue disponible|esta disponible|disponible|noch frei|noch verfugbar|ainda (?:esta )?disponivel)\b/,
  ]),
  rule('asks about something similar or a fallen-through deal', 0.8, [
    /\banything (?:else |similar )?(?:coming up|coming soon|available)\b/,
    /\b(?:fall|fell|falls) through\b/,
    /\bback on (?:the )?market\b/,
  ]),
  rule('asks if they can still get one', 0.8, [/\bcan (?:i|we) still (?:order|buy|get|rent|apply|book)\b/]),
  rule('hopes it is not sold', 0.8, [
    /\b(?:tell me|say|hope|hoping|pray\w*) (?:it|this|its|this is)(?:nt| not| isnt| is not)? (?:still )?(?:available|sold|gone|taken)\b/,
  ]),
  rule('asks if it is gone', 0.7, [/\b(?:all )?gone\s*\?/]),
  rule('asks about stock', 0.8, [/\b(?:back in stock|in stock|restock\w*|sold out|out of stock)\b/]),
  rule('asks for a size', 0.7, [/\bin (?:a )?size\b/, /\bsizes? (?:left|available)\b/]),
  rule('asks if any are left', 0.8, [/\b(?:any|are there|is there)(?: any)?(?: more)?(?: \w+){0,4} left\b/]),
  rule('mentions availability', 0.4, [
    /\b(?:availab\w*|avail|sold|vacant|in stock|on (?:the )?market|for sale|for rent)\b/,
  ]),
];

export const showingRequest: readonly IntentRule[] = [
  rule('asks to see it', 1, [
    /\b(?:can|could|may|cn) (?:\w+ ){0,3}?(?:i|we|us) (?:please )?(?:come |go )?(?:see|view|tour|visit|look at|look around|walk ?through)\b/,
    /\b(?:can|could|may|cn) (?:\w+ ){0,3}?(?:i|we|us) (?:please )?(?:come|stop|drop|swing|pop) (?:by|in|over)\b/,
    /\b(?:can|could|may|cn) (?:\w+ ){0,3}?(?:i|we|us) (?:please )?(?:check (?:it|this|the \w+) out|get in|get a (?:tour|showing|viewing))\b/,
  ]),
  rule('asks to book a showing', 1, [
    /\b(?:book|schedule|set up|setup|arrange|request|organi[sz]e) (?:a |an |us a |me a )?(?:private )?(?:showing|tour|viewing|visit|walk ?through|appointment)\b/,
  ]),
  rule('asks about showings', 0.9, [
    /\b(?:showing|tour|viewing|walk ?through)s? (?:available|possible|today|tomorrow|this|next|on|at)\b/,
    /\b(?:showings?|tours?|viewings?|walk ?throughs?)\s*\?/,
  ]),
  rule('asks for a virtual tour', 0.9, [
    /\b(?:virtual|video|facetime|3d|live) (?:tour|showing|walk ?through)\b/,
  ]),
  rule('asks about the open house', 0.9, [
    /\bwhen(?:s| is| will be)? (?:the )?(?:next )?open house\b/,
    /\bopen house (?:this|next|on|today|tomorrow|time|hours|times|date|schedule)\b/,
    /\bopen house\b[^.!?]{0,40}\?/,
  ]),
  rule('wants to see it', 0.9, [
    /\b(?:want|wanna|like|love|need|hoping|hope|keen|dying) to (?:see|view|tour|visit|walk ?through|check out|look at|come see) (?:it|this|that|the|inside|in person)\b/,
    /\b(?:want|wanna|like|love|need|hoping|hope|keen|dying) to (?:come )?check (?:it|this|the \w+) out\b/,
    /\binterested in (?:seeing|viewing|touring|visiting|a (?:tour|showing|viewing))\b/,
  ]),
  rule('wants a showing', 0.9, [
    /\b(?:love|like|want|need|get|have|do|arrange) (?:a|an) (?:private |quick )?(?:tour|showing|viewing|visit|walk ?through)\b/,
  ]),
  rule('wants to take a look', 0.9, [
    /\b(?:take|have|get) a (?:look|peek) (?:inside|at (?:it|this|the (?:place|house|home|unit|inside)))\b/,
    /\bcome (?:take|have) a look\b/,
  ]),
  rule('asks when they can see it', 0.9, [
    /\bwhen (?:can|could|may) (?:i|we) (?:come )?(?:see|view|tour|visit|look|come)\b/,
    /\b(?:i|we) (?:can|could) (?:come )?(?:see|view|tour|visit) (?:it|this|the)\b/,
  ]),
  rule('asks how to see it', 1, [
    /\bhow (?:do|can|could) (?:i|we) (?:get in to |get to |go )?(?:see|view|tour|visit)\b/,
  ]),
  rule('asks if a visit is possible', 0.9, [/\b(?:possible|able|chance) to (?:see|view|tour|visit)\b/]),
  rule('asks to be shown it', 0.9, [/\b(?:can|could|would|will) you show (?:it|us|me|the)\b/]),
  rule('asks for viewing times', 0.9, [
    /\b(?:viewing|showing|tour|visiting|open house) (?:times?|hours|slots?|schedule|info|details)\b/,
    /\bappointment (?:to|for) (?:view|see|tour|a (?:viewing|showing))\b/,
  ]),
  rule('asks to bring someone by', 0.8, [/\b(?:bring|take) (?:my|our|the) \w+ (?:by|over|to see)\b/]),
  rule('asks about walk-ins', 0.6, [/\bwalk[- ]ins?\b/]),
  rule('asks which times suit', 0.7, [/\bwhat (?:times?|days?) (?:work|works|suit|are you free)\b/]),
  rule('wants to see it in person', 0.5, [
    /\bin person\b/,
    /\bto (?:look at|see|view|tour) (?:it|this|the \w+)\b/,
  ]),
  rule('mentions a showing', 0.4, [/\b(?:showings?|tours?|viewings?|open house|walk ?through)\b/]),
];

export const financing: readonly IntentRule[] = [
  rule('asks about a mortgage or loan', 1, [
    /\b(?:mortgages?|morgage|mortage|loans?|lenders?|refinanc\w*)\b/,
  ]),
  rule('asks about a loan programme', 1, [
    /\b(?:fha|usda|jumbo|203k|heloc|dpa)\b/,
    /\bva (?:loan|financing|buyers?|eligible)\b/,
    /\bdown payment assistance\b/,
  ]),
  rule('asks about pre-approval', 1, [
    /\bpre-?(?:approv|qual)\w*/,
    /\bget (?:approved|qualified)\b/,
    /\bqualify\b/,
  ]),
  rule('asks about the down payment', 1, [
    /\bdown ?payment\b/,
    /\b\d+(?:\.\d+)? ?% down\b/,
    /\bput(?:ting)? (?:\$?[\d.,]+\w*%? )?down\b/,
    /\bwith \$?\d+\w*%? down\b/,
    /\b(?:zero|no) down\b/,
  ]),
  rule('asks about the monthly payment', 1, [
    /\bmonthly (?:payments?|costs?)\b/,
    /\bpayments? (?:would|be|look|per month|a month|each month)/,
    /\bestimated (?:monthly )?payment/,
    /\bthe monthly(?= (?:on|with|for|be|would|at)\b|\s*\?|$)/,
  ]),
  rule('asks about financing', 1, [
    /\bfinanc(?:e|ed|ing)\b/,
    /\bowner carry\b/,
    /\bseller carry\b/,
    /\bcash only\b/,
  ]),
  rule('asks how they can pay', 0.9, [
    /\b(?:accept|take|pay with|pay in) (?:crypto|bitcoin|btc|cards?|credit)\b/,
    /\bas (?:a )?payment\b/,
    /\bpayment (?:options?|methods?)\b/,
  ]),
  rule('asks about closing costs or rates', 0.9, [
    /\bclosing costs?\b/,
    /\b(?:rate )?buy ?down\b/,
    /\bassumable\b/,
    /\binterest rates?\b/,
    /\bapr\b/,
    /\bconcessions?\b/,
    /\bseller credits?\b/,
    /\b\d+ ?(?:yr|year) fixed\b/,
    /\b(?:fixed|adjustable)[- ]rate\b/,
    /\bthe rates? (?:you|on|for|today|right now)\b/,
  ]),
  rule('asks about rent to own', 1, [/\b(?:rent|lease)[- ]to[- ]own\b/, /\blease option\b/]),
  rule('asks about buyer assistance', 0.8, [
    /\bfirst[- ]time (?:home ?)?buyers?\b/,
    /\b(?:help|assistance|grants?) (?:with|for) (?:the |my |a )?(?:deposit|down)\b/,
  ]),
  rule('asks about paying in instalments', 1, [
    /\b(?:klarna|afterpay|affirm|sezzle|payment plans?|instal?lments?|pay in \d|layaway|pay later)\b/,
  ]),
  rule('mentions credit', 0.7, [
    /\bcredit (?:score|is|history)\b/,
    /\b(?:bad|low|good|poor) credit\b/,
    /\b[5-8]\d\d (?:credit )?score\b/,
  ]),
  rule('asks about housing vouchers or deposits', 0.9, [
    /\bsection ?8\b/,
    /\bvouchers?\b/,
    /\bhousing assistance\b/,
    /\bearnest money\b/,
    /\bescrow deposit\b/,
    /\bitin\b/,
  ]),
];
